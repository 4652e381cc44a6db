/**
 * A broker's controlled shutdown in ZooKeeper mode (KafkaServer.controlledShutdown): ask the
 * controller to move this broker's leaderships away; if it answers with partitions still led here
 * or does not answer, retry after `controlled.shutdown.retry.backoff.ms` (5000), at most
 * `controlled.shutdown.max.retries` (3) times; then stop anyway. Each attempt waits at most
 * `controller.socket.timeout.ms` (30000).
 */
import { ms } from "../../../sim/time.js";
import type { BrokerServices } from "../../broker/services.js";
import type { ControlledShutdownRequest } from "../../protocol/controller-requests.js";
import { CONTROLLER_SOCKET_TIMEOUT_MS } from "./controller-channel.js";
import type { ControllerClient } from "./controller-client.js";
import type { ZkBrokerSettings } from "./settings.js";
import { emit } from "../../explain/catalogue.js";
import type { ShutdownEnd } from "../../explain/controllers.js";

/** The sequence's timers: one attempt's answer deadline, and the backoff before the next attempt. */
export type ShutdownTimer = { kind: "shutdown-timeout"; attempt: number } | { kind: "shutdown-retry"; attempt: number };

interface ShutdownHost {
  readonly services: BrokerServices;
  readonly settings: ZkBrokerSettings;
  readonly toController: ControllerClient;
  brokerEpoch(): number;
  setTimer(timer: ShutdownTimer, delayUs: number): void;
}

export class ControlledShutdownSequence {
  private attempt = 0;
  private pending: number | null = null;
  private finished = false;

  constructor(
    private readonly host: ShutdownHost,
    private readonly then: () => void,
  ) {}

  start(): void {
    if (!this.host.settings.controlledShutdownEnable) return this.finish({ kind: "disabled" });
    this.send();
  }

  onTimer(timer: ShutdownTimer): void {
    if (this.finished || timer.attempt !== this.attempt) return;
    if (timer.kind === "shutdown-timeout") {
      if (this.pending !== null) this.host.toController.abandon(this.pending);
      this.pending = null;
      this.retryOrGiveUp("the controller did not answer");
    } else this.send();
  }

  private send(): void {
    const s = this.host.services;
    this.attempt++;
    const request: ControlledShutdownRequest = {
      type: "ControlledShutdown",
      correlationId: this.host.toController.correlationId(),
      brokerId: s.brokerId,
      brokerEpoch: this.host.brokerEpoch(),
    };
    this.pending = request.correlationId;
    const attempt = this.attempt;
    // The request's timeout (controller.socket.timeout.ms) ends the attempt, with the
    // shutdown-timeout below at the same instant: the client does not send it again.
    this.host.toController.send(
      request,
      (response) => {
        if (this.finished || attempt !== this.attempt || response.type !== "ControlledShutdownResponse") return;
        this.pending = null;
        if (response.error === "NONE" && response.remainingPartitions.length === 0) return this.finish({ kind: "done" });
        const why =
          response.error !== "NONE" ? response.error : `still leading ${response.remainingPartitions.map((p) => `${p.topic}-${p.partition}`).join(", ")}`;
        this.retryOrGiveUp(why);
      },
      { giveUpOnTimeout: true },
    );
    this.host.setTimer({ kind: "shutdown-timeout", attempt }, ms(CONTROLLER_SOCKET_TIMEOUT_MS));
  }

  private retryOrGiveUp(why: string): void {
    const s = this.host.services;
    const maxRetries = this.host.settings.controlledShutdownMaxRetries;
    const backoffMs = this.host.settings.controlledShutdownRetryBackoffMs;
    if (this.attempt > maxRetries) return this.finish({ kind: "gave-up", attempts: this.attempt, lastError: why });
    emit(
      s.ctx,
      "controlled-shutdown-retry",
      {
        broker: s.brokerId,
        attempt: this.attempt,
      },
      { why, backoffMs, maxRetries },
    );
    this.host.setTimer({ kind: "shutdown-retry", attempt: this.attempt }, ms(backoffMs));
  }

  private finish(end: ShutdownEnd): void {
    if (this.finished) return;
    this.finished = true;
    emit(this.host.services.ctx, "controlled-shutdown-done", { broker: this.host.services.brokerId }, end);
    this.then();
  }
}
