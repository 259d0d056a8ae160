import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { authInterceptor, provideCharts, SESSION_CONFIG } from '@spendguard/web';
import { appRoutes } from './app.routes';

const CUSTOMER_ROLES = ['customer'] as const;

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideCharts(),
    provideRouter(appRoutes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    { provide: SESSION_CONFIG, useValue: { storageKey: 'spendguard.portal.session', signInPath: '/sign-in', roles: CUSTOMER_ROLES } },
  ],
};
