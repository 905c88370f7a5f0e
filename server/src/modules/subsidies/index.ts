export { subsidiesRoutes } from "./subsidies.routes.ts";
export { subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";
// the statistics count notices and objections (stats overview)
export { subsidyNoticeLines, subsidyNotices, subsidyObjections } from "./subsidies.table.ts";
export { countClaimsToReview, countOpenObjections } from "./subsidies.counts.ts";
export { markLinesPaid } from "./person-claims.ts";
// the payment step (modules/payments) reads what it pays from here
export { claimFacts } from "./claims.repo.ts";
export { claimStatusLabels } from "./claims.policy.ts";
export { linesCleared, linesClearedOf } from "./notices.service.ts";
// the demo generator (server/scripts/demo) walks claims through the real workflow
export { generateClaim } from "./claims.generate.ts";
export { reviewClaim, setLineHold, signCommitment, submitClaim } from "./claims.review.ts";
export { currentCommitment } from "./commitment.ts";
export { decideObjection, getPublicNotice, objectToLine, publishNotice } from "./notices.service.ts";
