import { ApiProperty } from '@nestjs/swagger';

export class FeedStatusDto {
  @ApiProperty({ description: 'The feed file, or its URL without credentials' }) feed!: string;
  @ApiProperty({ description: 'Whether the last poll could read and parse it' }) ok!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last poll skipped the whole feed' })
  error!: string | null;
  @ApiProperty() polledAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastOkAt!: string | null;
  @ApiProperty({ description: 'Entries in the feed at the last poll' }) entries!: number;
  @ApiProperty({ description: 'New articles stored by the last poll' }) stored!: number;
  @ApiProperty({ description: 'Entries already stored (by source id or content)' }) duplicates!: number;
  @ApiProperty({ description: 'Entries refused at the last poll (empty, too long, …)' }) rejected!: number;
  @ApiProperty({ description: 'Articles stored from this feed over all polls' }) storedTotal!: number;
}
