/**
 * The part of faye 1.4 (`src/adapters/node_adapter.js`, `src/protocol/*.js`) the GMS listener
 * uses. faye ships no types; this declares only what `bayeux-endpoint.ts` calls.
 */
declare module 'faye' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  namespace faye {
    /** A Bayeux message as faye's server builds it (replies and deliveries). */
    interface BayeuxMessage {
      channel?: string
      clientId?: string
      id?: string
      successful?: boolean
      error?: string
      subscription?: string | string[]
      supportedConnectionTypes?: string[]
      advice?: Record<string, unknown>
      data?: unknown
      [key: string]: unknown
    }

    /**
     * A server extension. faye passes the HTTP request as the second argument only when the
     * function declares three parameters; `null` for messages of the in-process client.
     */
    interface ServerExtension {
      /** Whatever a client sent: may be any JSON value, not only an object. */
      incoming?(
        message: unknown,
        request: IncomingMessage | null,
        callback: (message: unknown) => void,
      ): void
      outgoing?(
        message: BayeuxMessage,
        request: IncomingMessage | null,
        callback: (message: BayeuxMessage | null) => void,
      ): void
    }

    interface Publication {
      then(onFulfilled?: () => void, onRejected?: (error: unknown) => void): unknown
    }

    /** The in-process client (`adapter.getClient()`). */
    interface Client {
      publish(channel: string, data: unknown): Publication
      disconnect(): void
    }

    interface NodeAdapterOptions {
      /** Path the adapter answers on. */
      mount: string
      /** Seconds a `/meta/connect` is held before it is answered empty (advice `timeout`). */
      timeout?: number
    }

    /** Server events, emitted with the faye client id. */
    type ServerEvent = 'handshake' | 'disconnect'

    class NodeAdapter {
      constructor(options: NodeAdapterOptions)
      addExtension(extension: ServerExtension): void
      /** Serves one HTTP request on the mount path (what `attach()` calls). */
      handle(request: IncomingMessage, response: ServerResponse): void
      getClient(): Client
      on(event: ServerEvent, listener: (clientId: string) => void): void
      /** Answers every held connection and forgets every client. */
      close(): void
      /**
       * faye's server and its engine proxy (`protocol/server.js`, `engines/proxy.js`): the one
       * internal used, to subscribe a client server-side to its private v2 delivery channel.
       */
      readonly _server: {
        readonly _engine: { subscribe(clientId: string, channel: string): void }
      }
    }
  }

  export = faye
}
