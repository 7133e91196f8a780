using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Identity.Testing;

/// <summary>
/// Locates the shared specification test vectors (<c>../shared/test-vectors/</c> beside the repository; see its
/// <c>SOURCES.md</c>), which tests read at run time and never copy into the project.
/// </summary>
/// <remarks>
/// The repository root is the nearest directory above <see cref="AppContext.BaseDirectory"/> that holds
/// <c>Identity.sln</c>; the environment variable <c>IDENTITY_TEST_VECTORS</c> overrides the vector directory.
/// A missing directory fails the calling test with a message saying where it was looked for.
/// </remarks>
public static class TestVectors
{
    /// <summary>The environment variable that overrides <see cref="Root"/>.</summary>
    public const string EnvironmentVariable = "IDENTITY_TEST_VECTORS";

    private static readonly Lazy<string?> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root (the directory holding <c>Identity.sln</c>).</summary>
    public static string RepositoryRoot =>
        s_repositoryRoot.Value
        ?? Fail($"No directory above {AppContext.BaseDirectory} contains Identity.sln; cannot locate the repository.");

    /// <summary>The test-vector directory: <c>$IDENTITY_TEST_VECTORS</c>, else <c>&lt;repository&gt;/../shared/test-vectors</c>.</summary>
    public static string Root
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
            string root = string.IsNullOrWhiteSpace(overridden)
                ? System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "test-vectors"))
                : System.IO.Path.GetFullPath(overridden);
            return Directory.Exists(root)
                ? root
                : Fail(
                    $"Test vectors not found at {root}. Place the shared test vectors (shared/test-vectors, see its SOURCES.md) " +
                    $"beside the repository, or set {EnvironmentVariable} to their directory.");
        }
    }

    /// <summary>A path inside <see cref="Root"/>, e.g. <c>Path("rfc8785-jcs", "testdata", "input")</c>.</summary>
    public static string Path(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return System.IO.Path.Combine([Root, .. parts]);
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Identity.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string Fail(string message)
    {
        Assert.Fail(message);
        return message; // Unreachable: Assert.Fail throws.
    }
}
