import 'reflect-metadata';
import { runService } from '@deepworks/platform';
import { TRIAGE_SERVICE } from './triage.service';

void runService(TRIAGE_SERVICE);
