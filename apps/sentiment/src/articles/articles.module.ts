import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoringModule } from '../scoring/scoring.module';
import { ArticleEntity } from './article.entity';
import { ArticleStore } from './article.store';
import { ArticlesBodyPipe } from './articles-body.pipe';
import { ArticlesController } from './articles.controller';
import { ArticlesService } from './articles.service';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity]), ScoringModule],
  controllers: [ArticlesController],
  providers: [ArticlesService, ArticleStore, ArticlesBodyPipe],
  exports: [ArticleStore],
})
export class ArticlesModule {}
