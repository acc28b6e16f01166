// Addressing: what a request's address strings name. Recipient resolution for SendMessages (a local account,
// a routed peer domain, or a per-recipient failure), the targets of presence and contact-list requests, and
// the rule for user-chosen names. Depends on the kernel only.
export { recipientResolver, toRecipientRecord, type Resolution } from './recipient-resolver.js';
export { type RemoteTarget, requireTarget, targetResolver, type Target } from './contact-targets.js';
export { checkedName } from './names.js';
