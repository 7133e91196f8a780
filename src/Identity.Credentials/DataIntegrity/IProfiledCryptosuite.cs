using Identity.Credentials.Cryptosuites;

namespace Identity.Credentials.DataIntegrity;

/// <summary>A built-in suite of the JCS shape (the JCS and RDFC suites): the proof service verifies its proofs through
/// <see cref="JcsProofAlgorithm"/> with the request's budget and the run's cached canonical forms.</summary>
internal interface IProfiledCryptosuite
{
    JcsSuiteProfile Profile { get; }
}
