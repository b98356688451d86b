import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerLoginRoutes } from './login-routes';
import { registerPasswordRoutes } from './password-routes';
import { registerSignupRoutes } from './signup-routes';
import { registerStepUpRoutes } from './step-up-routes';

export function registerAccountRoutes(app: FastifyInstance, context: ServerContext): void {
  registerSignupRoutes(app, context);
  registerLoginRoutes(app, context);
  registerPasswordRoutes(app, context);
  registerStepUpRoutes(app, context);
}
