import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ArticleSource = 'api' | 'import' | 'feed' | 'demo';
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

@Entity({ name: 'articles' })
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The publisher's id; a re-sent article with the same id is the same article. */
  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  /** SHA-256 of the normalised text: the same story under two ids is stored once. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  /** Human labels, when the article came from a labelled set. */
  @Column({ name: 'label_sentiment', type: 'text', nullable: true })
  labelSentiment!: SentimentLabel | null;

  @Column({ name: 'label_topic', type: 'text', nullable: true })
  labelTopic!: string | null;

  @Column({ type: 'text', array: true })
  tickers!: string[];

  @Column({ type: 'text' })
  source!: ArticleSource;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
