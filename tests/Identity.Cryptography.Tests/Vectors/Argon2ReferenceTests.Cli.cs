// References: Argon2 reference implementation CLI, P-H-C/phc-winner-argon2 src/run.c (password on stdin,
// salt as argument, -r prints the raw tag as hex, -e the PHC string); Debian package "argon2".
using System.Diagnostics;

namespace Identity.Cryptography.Tests.Vectors;

/// <summary>Differential tests against the reference implementation's <c>argon2</c> command.</summary>
public sealed partial class Argon2ReferenceTests
{
    private const string CliPath = "/usr/bin/argon2";

    // (t, memory KiB, password, 16-character salt); the CLI needs 1 to 127 password bytes.
    public static IEnumerable<object[]> CliCases =>
    [
        [1, 8, "p", "saltsaltsaltsalt"],
        [2, 64, "correct horse battery staple", "0123456789abcdef"],
        [3, 256, "pässwörd ✓", "ABCDEFGHIJKLMNOP"],
        [2, 4096, "password", "somesaltsomesalt"],
        [1, 65536, new string('x', 127), "zzzzzzzzzzzzzzzz"],
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DynamicData(nameof(CliCases))]
    public void TryDeriveKey_SameInputsAsReferenceCli_ProducesSameTag(int t, int memoryKiB, string password, string salt)
    {
        // Arrange
        SkipUnlessCliPresent();
        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        string expected = RunCli(passwordBytes, salt, t, memoryKiB, "-r");
        byte[] output = new byte[32];

        // Act
        bool derived = Argon2id.TryDeriveKey(passwordBytes, Encoding.ASCII.GetBytes(salt), t, memoryKiB * 1024L, output);

        // Assert
        Assert.IsTrue(derived);
        Assert.AreEqual(expected, Convert.ToHexStringLower(output));
    }

    private void SkipUnlessCliPresent()
    {
        if (File.Exists(CliPath))
        {
            return;
        }

        // CI must install the Debian package; elsewhere a missing tool is not a failure of this code.
        string message = $"{CliPath} not found: install the Debian package 'argon2' (apt-get install -y argon2).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
    }

    private string RunCli(byte[] password, string salt, int t, int memoryKiB, string outputFlag)
    {
        ProcessStartInfo start = new(CliPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { salt, "-id", "-t", $"{t}", "-k", $"{memoryKiB}", "-p", "1", "-l", "32", outputFlag })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.BaseStream.Write(password);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd().Trim();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, error);
        TestContext.WriteLine($"argon2 {string.Join(' ', start.ArgumentList)} -> {output}");
        return output;
    }
}
