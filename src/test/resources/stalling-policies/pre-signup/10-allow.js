// Tests only (StallQuarantineTest): another trigger, which a stalling PRE_USER_INVITATION must not affect.
export default function () {
  return { decision: "ALLOW" };
}
