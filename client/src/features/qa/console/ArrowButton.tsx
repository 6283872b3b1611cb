interface ArrowButtonProps {
  label: 'Move up' | 'Move down';
  disabled: boolean;
  describedBy: string;
  onClick: () => void;
}

/** Stays focusable at the ends of the list (aria-disabled, not disabled), so the keyboard focus is never lost. */
export function ArrowButton({ label, disabled, describedBy, onClick }: ArrowButtonProps) {
  return (
    <button
      type="button"
      className="button button-small"
      aria-disabled={disabled || undefined}
      aria-describedby={describedBy}
      onClick={() => !disabled && onClick()}
    >
      <span aria-hidden="true">{label === 'Move up' ? '↑' : '↓'}</span> {label}
    </button>
  );
}
