/** Mount point; the feature's UI is built in this folder. */
export function QaConsole(_props: { roomId: string }) {
  return null;
}
