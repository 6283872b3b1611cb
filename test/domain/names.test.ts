import { describe, expect, it } from 'vitest';
import { admissibleName, reservedNameReason, staffNameReason } from '../../shared/domain/names';
import { confusableSkeleton } from '../../server/core/names';
import { refusalOf } from './refusal';

const chairs = ['Loukas Zahilas', 'Iraklis Pliakis', 'Ana'];

describe('display names: look-alike letters and whole words', () => {
  it.each(['Сhair', 'Оrganiser', 'Modеrator', 'Аdmin', 'Ηost', 'ℭ𝔥𝔞𝔦𝔯', 'Ｓｔａｆｆ', 'Chaır', 'Veranstaltеr', 'Rapporteusе'])(
    'N2 refuses "%s" (a role word in look-alike letters of another script) on the TR39 skeleton',
    (name) => {
      expect(reservedNameReason(name, confusableSkeleton)).toMatchObject({ code: 'BAD_REQUEST', reason: 'name.reserved' });
    },
  );
  it.each(['Anna the Chair', 'Host 2', 'Admin1', 'M0derat0r', 'C h a i r', 'Co-Host', 'Moderators', 'Veranstalterinnen', 'chair_person', 'x-Staff-x'])(
    'N2 refuses "%s": a role word as a whole word, or the whole name',
    (name) => {
      expect(reservedNameReason(name, confusableSkeleton)).toMatchObject({ reason: 'name.reserved' });
    },
  );
  it.each(['Stafford', 'Ghost', 'Hostetter', 'Chairez', 'Charlotte', 'Systemann', 'Adminta Okafor', 'Анна Смирнова', '李小龍'])(
    'N2 accepts "%s": a role word inside a longer word is a real person\'s name',
    (name) => {
      expect(reservedNameReason(name, confusableSkeleton)).toBeNull();
    },
  );
  it.each(['Loukas Zahilas', 'Lоukаs Zahilas', 'dr. loukas ZAHILAS', 'Iraklis  Pliakis (chairing)'])(
    'N6 refuses "%s": a chair of the programme, in any script mix',
    (name) => {
      expect(staffNameReason(name, chairs, confusableSkeleton)).toMatchObject({ code: 'BAD_REQUEST', reason: 'name.staff', params: { name } });
    },
  );
  it.each(['Loukas', 'Zahilas Loukas', 'Ana', 'Anastasia', 'Ana Ruiz'])(
    'N6 accepts "%s": not a staff member\'s whole name (a one-word short name is left out)',
    (name) => {
      expect(staffNameReason(name, chairs, confusableSkeleton)).toBeNull();
    },
  );
  it('N2 N6 admissibleName checks the role words, then the staff names, with the skeleton it is given', () => {
    expect(refusalOf(() => admissibleName('Сhair', { skeleton: confusableSkeleton }))).toBe('BAD_REQUEST name.reserved');
    expect(refusalOf(() => admissibleName('Lоukаs Zahilas', { skeleton: confusableSkeleton, staffNames: chairs }))).toBe('BAD_REQUEST name.staff');
    expect(admissibleName('  Stafford ', { skeleton: confusableSkeleton, staffNames: chairs })).toBe('Stafford');
    expect(admissibleName(' ', { skeleton: confusableSkeleton, staffNames: chairs })).toBeNull();
  });
});
