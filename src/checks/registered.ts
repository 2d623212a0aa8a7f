// Every check of the built image, one line each, in the order the checks line and the summary name
// them. A new check: its module (implementing ImageCheck) and one line here.
import { auditCheck } from './audit/audit-check.js';
import type { ImageCheck } from './image-check.js';
import { smokeCheck } from './smoke.js';
import { verifyCheck } from './verify.js';

export const imageChecks: ImageCheck[] = [verifyCheck, auditCheck, smokeCheck];
