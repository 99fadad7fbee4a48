// The SDK's own log lines, through our logger: warnings and errors only, each cut to one short line.
import type { Logger } from "pino";

type Sdk = typeof import("matrix-bot-sdk");

export function routeSdkLogs(sdk: Sdk, log: Logger): void {
  sdk.LogService.setLevel(sdk.LogLevel.WARN);
  sdk.LogService.muteModule("MatrixHttpClient"); // errors surface through our own handling
  sdk.LogService.setLogger({
    info: () => {}, debug: () => {}, trace: () => {},
    warn: (module: string, ...args: unknown[]) => log.warn({ module }, args.map(String).join(" ").slice(0, 300)),
    error: (module: string, ...args: unknown[]) => log.error({ module }, args.map(String).join(" ").slice(0, 300)),
  });
}
