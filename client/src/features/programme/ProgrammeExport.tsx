import { useEffect, useMemo } from 'react';
import type { AgendaState, EventMeta } from '../../../../shared/protocol/messages';
import { icsUrl } from '../../net/api';
import { useLanguage, useT } from '../../i18n/useT';

/** Downloads of the programme: the server's .ics calendar, and the JSON as held now (to edit and import again). */
export function ProgrammeExport({ programme, event }: { programme: AgendaState['programme']; event: EventMeta }) {
  const t = useT();
  const language = useLanguage();
  const downloadUrl = useMemo(() => URL.createObjectURL(new Blob([JSON.stringify(programme, null, 2)], { type: 'application/json' })), [programme]);
  useEffect(() => () => URL.revokeObjectURL(downloadUrl), [downloadUrl]);
  return (
    <p className="actions-row">
      <a className="button" href={icsUrl(event.id, language)} download>
        {t('programme.downloadIcs')}
      </a>
      <a className="button button-quiet" href={downloadUrl} download={`${event.code}-programme.json`}>
        {t('programme.downloadJson')}
      </a>
    </p>
  );
}
