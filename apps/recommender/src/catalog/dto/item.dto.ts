import { ApiProperty } from '@nestjs/swagger';
import type { ItemEntity } from '../item.entity';

export class ItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(item: ItemEntity): ItemDto {
    return {
      id: item.id,
      title: item.title,
      description: item.description,
      category: item.category,
      tags: item.tags,
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
    };
  }
}
