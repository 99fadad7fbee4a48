// The SDK client's crypto, typed as it is: matrix-bot-sdk declares `crypto` and `cryptoStore` always
// set, but both are undefined when the client was made without a crypto store (encryption off), and
// the store's getRoom resolves to nothing for a room it does not know.
import type { ICryptoRoomInformation, MatrixClient } from "matrix-bot-sdk";

export function cryptoOf(client: MatrixClient): MatrixClient["crypto"] | undefined {
  return client.crypto;
}

/** The rooms part of the SDK's crypto store. */
export interface CryptoRooms {
  getRoom(roomId: string): Promise<ICryptoRoomInformation | null | undefined>;
  storeRoom(roomId: string, config: ICryptoRoomInformation): Promise<void>;
}

export function cryptoRoomsOf(client: MatrixClient): CryptoRooms | undefined {
  return client.cryptoStore;
}
