import type { Logger } from '../../engine/ports'
import type { ServicePublish } from '../bayeux-gate'
import { jsonPairs, type FormFields } from '../form-input'
import type { V2ChatService, V2Operation } from './v2-chat-service'
import { toV2Error, V2_CODES, V2Error, type V2ErrorBody } from './v2-errors'

/** CometD operation names and the REST operations they are (docs/gms.md, "v2 over CometD"). */
const OPERATIONS: Readonly<Record<string, V2Operation | 'requestNotifications'>> = {
  requestNotifications: 'requestNotifications',
  sendMessage: 'send',
  startTyping: 'startTyping',
  stopTyping: 'stopTyping',
  disconnect: 'disconnect',
  customNotice: 'customNotice',
  pushUrl: 'pushUrl',
  updateNickname: 'updateNickname',
  updateData: 'updateData',
}

/** File operations as Widgets and GMSLibrary name them (GMSLibrary spells one `fileGetsLimits`). */
const FILE_OPERATIONS = new Set([
  'fileGetLimits',
  'fileGetsLimits',
  'fileUpload',
  'fileDownload',
  'fileDelete',
])

/**
 * Chat API v2 over CometD: every publish on `/service/chatV2/{serviceName}` is one operation
 * and gets exactly one reply, a data message on the same channel to the publishing client only.
 * `requestChat` and `requestNotifications` attach the client, whose reply then comes before any
 * push (`V2ChatService` delivers it at the moment of attaching).
 */
export class V2CometdOperations {
  constructor(
    private readonly service: V2ChatService,
    private readonly send: (clientId: string, serviceName: string, data: object) => void,
    private readonly logger: Logger,
  ) {}

  handle(publish: ServicePublish): void {
    this.run(publish).catch((error: unknown) => this.replyError(publish, error))
  }

  private async run({ clientId, serviceName, data }: ServicePublish): Promise<void> {
    this.service.service(serviceName)
    const operation = typeof data.operation === 'string' ? data.operation : ''
    const fields = fieldsOf(data)
    const attacher = {
      clientId,
      reply: (answer: object) => this.send(clientId, serviceName, answer),
    }
    if (operation === 'requestChat') {
      await this.service.requestChat(serviceName, fields, attacher)
      return
    }
    if (FILE_OPERATIONS.has(operation)) {
      throw new V2Error(V2_CODES.fileTransfer, 'File transfer is not supported by Switchboard')
    }
    const known = OPERATIONS[operation]
    if (known === undefined) {
      throw new V2Error(
        V2_CODES.unknownOperation,
        `operation ${JSON.stringify(operation.slice(0, 50))} is not one of requestChat, ${Object.keys(OPERATIONS).join(', ')}`,
      )
    }
    const isAttaching = known === 'requestNotifications'
    const answer = await this.service.operate(
      serviceName,
      { bySecureKey: true },
      known,
      fields,
      isAttaching ? attacher : undefined,
    )
    if (!isAttaching) this.send(clientId, serviceName, answer)
  }

  private replyError(publish: ServicePublish, error: unknown): void {
    const chatId = typeof publish.data.chatId === 'string' ? publish.data.chatId : ''
    const refusal = toV2Error(error)
    if (!refusal) this.logger.error('GMS v2 CometD operation failed', { error })
    const body: V2ErrorBody = (
      refusal ?? new V2Error(V2_CODES.noSuchPath, 'The operation failed on the server')
    ).body(chatId)
    this.send(publish.clientId, publish.serviceName, body)
  }
}

/**
 * The operation's fields as a REST request would carry them (`userData` as `userData[key]`).
 * Unknown structured fields (GMSLibrary's `auth`) are ignored, as the Bayeux clients add them.
 */
function fieldsOf(data: Record<string, unknown>): FormFields {
  const plain = Object.entries(data).filter(
    ([name, value]) => name === 'userData' || value === null || typeof value !== 'object',
  )
  return new Map(jsonPairs(Object.fromEntries(plain)))
}
