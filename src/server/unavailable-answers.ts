import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../modules/context';

/**
 * An answer that met an unavailable database is one SERVICE_UNAVAILABLE error with HTTP 503, so that
 * clients and load balancers retry it: not a 200 with partial data, nor one copy per field that failed.
 */
export const unavailableAnswers: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors;
        const unavailable = errors?.find((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (!unavailable) return;
        const { path: _path, locations: _locations, ...error } = unavailable;
        response.body.singleResult = { errors: [error] };
        response.http.status = 503;
        response.http.headers.set('retry-after', '1');
      },
    };
  },
};
