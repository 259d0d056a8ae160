import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { authInterceptor, provideCharts, SESSION_CONFIG } from '@spendguard/web';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideCharts(),
    provideRouter(appRoutes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    { provide: SESSION_CONFIG, useValue: { storageKey: 'spendguard.console.session', signInPath: '/sign-in', roles: OPERATOR_ROLES } },
  ],
};
