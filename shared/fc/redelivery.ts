/**
 * Thrown on purpose so the platform delivers the event again (an async
 * invoke or a queue message whose work failed transiently). Its message
 * is ours and names no internals, so it is passed to FC as it is.
 */
export class RedeliveryRequested extends Error {
  override readonly name = 'RedeliveryRequested';
}
