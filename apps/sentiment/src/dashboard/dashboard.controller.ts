import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from '@deepworks/platform';
import { DashboardAssets } from './dashboard.assets';
import { DASHBOARD_CSS, DASHBOARD_HTML } from './dashboard.page';
import { DASHBOARD_SCRIPT } from './dashboard.script';

// Scripts and styles only from this origin; uPlot sets inline styles through the CSSOM, which CSP allows.
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

/** The dashboard: a public static page whose API calls use the key typed into it. */
@ApiExcludeController()
@PublicRoute()
@Controller()
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PAGE_POLICY)
  @Header('cache-control', 'no-cache')
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('dashboard/dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    return DASHBOARD_SCRIPT;
  }

  @Get('dashboard/dashboard.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  style(): string {
    return DASHBOARD_CSS;
  }

  @Get('dashboard/uplot.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  uplotScript(): Promise<string> {
    return this.assets.uplot('script');
  }

  @Get('dashboard/uplot.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  uplotStyle(): Promise<string> {
    return this.assets.uplot('style');
  }
}
