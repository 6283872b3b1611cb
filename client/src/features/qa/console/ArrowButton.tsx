import { useT } from '../../../i18n/useT';

interface ArrowButtonProps {
  direction: 'up' | 'down';
  disabled: boolean;
  describedBy: string;
  onClick: () => void;
}

/** Stays focusable at the ends of the list (aria-disabled, not disabled), so the keyboard focus is never lost. */
export function ArrowButton({ direction, disabled, describedBy, onClick }: ArrowButtonProps) {
  const t = useT();
  return (
    <button
      type="button"
      className="button button-small"
      aria-disabled={disabled || undefined}
      aria-describedby={describedBy}
      onClick={() => !disabled && onClick()}
    >
      <span aria-hidden="true">{direction === 'up' ? '↑' : '↓'}</span> {direction === 'up' ? t('qaConsole.moveUp') : t('qaConsole.moveDown')}
    </button>
  );
}
