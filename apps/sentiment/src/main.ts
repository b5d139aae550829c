import 'reflect-metadata';
import { runService } from '@deepworks/platform';
import { SENTIMENT_SERVICE } from './sentiment.service';

void runService(SENTIMENT_SERVICE);
