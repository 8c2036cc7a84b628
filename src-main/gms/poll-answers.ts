import type { ChatObject, TranscriptStart } from './chat-object'
import type { GmsChat } from './gms-registry'

/** A chat object already serialized: the route sends its text as it is. */
export class JsonAnswer {
  constructor(readonly text: string) {}
}

/** What a poll asked for, and what its answer says about the chat. */
export interface PollKey {
  start: TranscriptStart
  isVerbose: boolean
}

interface KeptAnswer extends PollKey {
  isCustomerIn: boolean
  answer: JsonAnswer
}

/**
 * Poll answers longer than this (in characters) are not kept: the answer of a poll that finds
 * nothing new is a few hundred, and keeping whole transcripts for thousands of chats would hold
 * their text twice.
 */
export const MAX_KEPT_ANSWER_LENGTH = 2048

/**
 * The last poll answer of each chat, as JSON text. Customers poll every few seconds and nearly
 * every poll finds nothing new, so the same answer would otherwise be built and serialized again
 * each time. An answer is dropped on every change the customer can see (the customer bus, which
 * also drives CometD notifications): a change the customer cannot see cannot change its chat
 * object, and one it can see always reaches that bus. Held weakly by chat, so a forgotten chat
 * takes its answer with it.
 */
export class PollAnswers {
  private readonly kept = new WeakMap<GmsChat, KeptAnswer>()

  /** The kept answer of the same poll, if the customer's view has not changed since. */
  find(chat: GmsChat, key: PollKey): Omit<KeptAnswer, keyof PollKey> | undefined {
    const kept = this.kept.get(chat)
    if (kept?.start !== key.start || kept.isVerbose !== key.isVerbose) return undefined
    return kept
  }

  /** Serializes the chat object once, keeping it while it is small. */
  keep(chat: GmsChat, key: PollKey, object: ChatObject): JsonAnswer {
    const answer = new JsonAnswer(JSON.stringify(object))
    if (answer.text.length <= MAX_KEPT_ANSWER_LENGTH) {
      this.kept.set(chat, { ...key, isCustomerIn: object.chatIxnState === 'TRANSCRIPT', answer })
    } else {
      this.kept.delete(chat)
    }
    return answer
  }

  /** The customer's view of the chat changed. */
  forget(chat: GmsChat): void {
    this.kept.delete(chat)
  }
}
