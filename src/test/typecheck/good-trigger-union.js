// @ts-check
// The request union narrows on trigger_point, and a switch over it can be exhaustive.

/**
 * @param {import('../../../policies/interlock').InterceptorRequest} request
 * @returns {string}
 */
export function who(request) {
  switch (request.trigger_point) {
    case "PRE_SIGNUP":
      return request.data.user?.name ?? request.interceptor_context.user_email;
    case "PRE_SESSION_CREATION":
      return request.data.user.first_name;
    case "PRE_USER_INVITATION":
      return request.data.organization.name;
    case "PRE_M2M_TOKEN_CREATION":
      return request.interceptor_context.client_id;
    default: {
      /** @type {never} */
      const unknown = request;
      return unknown;
    }
  }
}
