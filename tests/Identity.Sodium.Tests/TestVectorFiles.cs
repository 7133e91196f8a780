namespace Identity.Sodium.Tests;

/// <summary>Locates the shared, read-only spec vectors (../shared/test-vectors relative to the repository root).</summary>
internal static class TestVectorFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The absolute path of <paramref name="relativePath"/> under the shared test-vectors folder.</summary>
    internal static string GetPath(string relativePath)
    {
        string path = Path.Combine(s_root.Value, relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"Test vector file '{path}' is missing; see ../shared/test-vectors/SOURCES.md.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            // The repository root holds Directory.Build.props; the vectors sit next to the repository.
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "test-vectors"));
            }
        }

        throw new InvalidOperationException($"No repository root above '{AppContext.BaseDirectory}'.");
    }
}
