import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SHOP_EVENT_TYPES = ['view', 'cart', 'purchase', 'rating'] as const;
export type ShopEventType = (typeof SHOP_EVENT_TYPES)[number];

@Entity({ name: 'events' })
export class ShopEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ type: 'text' })
  type!: ShopEventType;

  /** A rating's stars, a purchase's quantity; null for views. */
  @Column({ type: 'real', nullable: true })
  value!: number | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
