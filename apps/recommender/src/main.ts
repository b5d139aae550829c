import 'reflect-metadata';
import { runService } from '@deepworks/platform';
import { RECOMMENDER_SERVICE } from './recommender.service';

void runService(RECOMMENDER_SERVICE);
