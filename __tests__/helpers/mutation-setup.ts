// Loaded by stryker.config.mjs only. Under mutation testing a property that fails has killed its
// mutant: stop at the first counterexample instead of shrinking it, which can outlast the timeout.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
