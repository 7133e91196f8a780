using System.Runtime.InteropServices;
using Identity.Storage.Sqlite;

namespace Identity.Storage.Tests;

[TestClass]
public sealed class SqliteNativeTests
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nint LibVersion();

    [TestMethod]
    public void SqliteVersion_Loaded_IsAVersionOfSqlite3()
    {
        StringAssert.Matches(SqliteIdentityStore.SqliteVersion, new System.Text.RegularExpressions.Regex(@"^3\.\d+\.\d+$"));
    }

    [TestMethod]
    public void SqliteVersion_Loaded_IsTheSystemLibraryUnlessAbsentOrOverridden()
    {
        bool bundledForced = string.Equals(Environment.GetEnvironmentVariable(SqliteNative.OverrideVariable), "bundled", StringComparison.OrdinalIgnoreCase);
        bool systemPresent = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && File.Exists(SqliteNative.SystemLibraryPath);
        string expectedSource = systemPresent && !bundledForced ? "system" : "bundled";

        string version = SqliteIdentityStore.SqliteVersion;

        Assert.AreEqual(expectedSource, SqliteNative.LoadedFrom);
        if (expectedSource == "system")
        {
            Assert.AreEqual(ReadLibraryVersion(SqliteNative.SystemLibraryPath), version);
        }
        else if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            Assert.AreEqual(ReadLibraryVersion(BundledLinuxX64Path), version);
        }
    }

    [TestMethod]
    public void BundledLibrary_LoadedDirectly_ReportsItsVersion()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Assert.Inconclusive("The bundled-library path below is the linux-x64 one.");
        }

        Assert.AreEqual("3.35.5", ReadLibraryVersion(BundledLinuxX64Path));
    }

    private static string BundledLinuxX64Path => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libe_sqlite3.so");

    private static string ReadLibraryVersion(string path)
    {
        nint handle = NativeLibrary.Load(path);
        var version = Marshal.GetDelegateForFunctionPointer<LibVersion>(NativeLibrary.GetExport(handle, "sqlite3_libversion"));
        return Marshal.PtrToStringUTF8(version())!;
    }
}
