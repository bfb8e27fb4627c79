export default (ctx) => {
  if (ctx.interceptor_context.user_email.startsWith('loop')) { while (true) {} }
  throw new Error('policy bug');
};
