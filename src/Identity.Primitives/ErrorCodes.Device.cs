namespace Identity.Primitives;

/// <summary>Codes reported by the <c>identity device</c> commands about the device file (a simulated device's key and state).</summary>
public static partial class ErrorCodes
{
    /// <summary>There is no device file at the path given (run <c>identity device init</c>).</summary>
    public const string DeviceFileNotFound = "deviceFileNotFound";

    /// <summary><c>device init</c> would overwrite an existing device file.</summary>
    public const string DeviceFileExists = "deviceFileExists";

    /// <summary>The device file is damaged: not a device file, or its encrypted content fails authentication.</summary>
    public const string DeviceFileCorrupted = "deviceFileCorrupted";

    /// <summary>The device file holds no binding to a patient yet (run <c>identity device bind</c>).</summary>
    public const string DeviceFileUnbound = "deviceFileUnbound";
}
