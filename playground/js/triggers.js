// The four triggers with published request/response shapes (the platform's documented bodies).
export const TRIGGERS = [
  { id: 'PRE_SIGNUP', folder: 'pre-signup', label: 'Pre sign-up', type: 'PreSignupContext' },
  { id: 'PRE_SESSION_CREATION', folder: 'pre-session-creation', label: 'Pre session creation', type: 'PreSessionCreationContext' },
  { id: 'PRE_USER_INVITATION', folder: 'pre-user-invitation', label: 'Pre user invitation', type: 'PreUserInvitationContext' },
  { id: 'PRE_M2M_TOKEN_CREATION', folder: 'pre-m2m-token-creation', label: 'Pre M2M token creation', type: 'PreM2mTokenCreationContext' },
];

export function triggerById(id) {
  return TRIGGERS.find((t) => t.id === id) || null;
}

/** A starting policy for a trigger: returns the wire response shape. */
export function policyTemplate(trigger, typeName) {
  const param = typeName ? `/** @param {${typeName}} ctx */\n` : '';
  switch (trigger.id) {
    case 'PRE_SIGNUP':
      return `${param}export default (ctx) => {
  const email = ctx.interceptor_context.user_email || '';
  if (!email.endsWith('@acmecorp.com')) {
    return { decision: 'DENY', error: { message: 'Only @acmecorp.com email addresses can sign up.' } };
  }
  return { decision: 'ALLOW' };
};
`;
    case 'PRE_SESSION_CREATION':
      return `${param}export default (ctx) => {
  console.log('login from', ctx.interceptor_context.region);
  return {
    decision: 'ALLOW',
    response: { claims: { data_region: ctx.interceptor_context.region === 'US' ? 'us-west-2' : 'eu-west-1' } },
  };
};
`;
    case 'PRE_USER_INVITATION':
      return `${param}export default (ctx) => {
  const email = ctx.interceptor_context.user_email || '';
  if (!email.endsWith('@acmecorp.com')) {
    return { decision: 'DENY', error: { message: 'Invite people with an @acmecorp.com address.' } };
  }
  return { decision: 'ALLOW' };
};
`;
    case 'PRE_M2M_TOKEN_CREATION':
      return `${param}export default (ctx) => {
  const requested = ctx.data.m2m_token_claims.claims.scopes || [];
  const scope = requested.filter((s) => !s.startsWith('write:')).join(' ');
  return { decision: 'ALLOW', response: { claims: { scope, aud: 'https://api.acmecorp.com' } } };
};
`;
    default:
      return `${param}export default (ctx) => ({ decision: 'ALLOW' });\n`;
  }
}
