/**
 * Why a delivery was not accepted, as the HTTP status Firehose acts on: 200 is the only success, 413 is
 * final, and every other status makes Firehose send the batch again.
 */
export class DeliveryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** What a request or its body got wrong; Firehose retries it, and the retry will fail the same way. */
export const badRequest = (message: string) => new DeliveryError(400, message);
