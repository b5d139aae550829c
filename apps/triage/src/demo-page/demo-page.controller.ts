import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from '@deepworks/platform';
import { DEMO_PAGE_HTML } from './demo-page.template';

@ApiExcludeController()
@Controller()
export class DemoPageController {
  @Get()
  @PublicRoute()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header(
    'content-security-policy',
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob:",
  )
  page(): string {
    return DEMO_PAGE_HTML;
  }
}
