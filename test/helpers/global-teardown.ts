import { endTestRun } from './test-run';

export default endTestRun;
