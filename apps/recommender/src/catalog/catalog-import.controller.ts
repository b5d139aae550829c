import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import { CatalogImportService } from './catalog-import.service';
import {
  type CatalogImportAcceptedDto,
  type CatalogImportDto,
  StartCatalogImportDto,
} from './dto/catalog-import.dto';

@ApiTags('catalog')
@ApiSecurity('api-key')
@Controller('catalog-imports')
export class CatalogImportController {
  constructor(private readonly imports: CatalogImportService) {}

  @Post()
  @HttpCode(202)
  @RequireRole('writer')
  @ApiOperation({ summary: 'Queue a CSV or JSON Lines catalogue file: applied whole, or not at all' })
  start(
    @Body() request: StartCatalogImportDto,
    @Req() http: AuthenticatedRequest,
  ): Promise<CatalogImportAcceptedDto> {
    return this.imports.start(request, http.principal?.label ?? 'anonymous');
  }

  @Get(':id')
  @ApiOperation({ summary: "An import's status, counts and malformed rows" })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CatalogImportDto> {
    return this.imports.get(id);
  }
}
