namespace Identity.Server.Configuration;

/// <summary>
/// A setting, secret file or certificate the service cannot start with. The message is one line for the operator: it
/// names the setting and the fix, never a secret's value. <see cref="StartupFailures"/> prints it and exits with code 2.
/// </summary>
internal sealed class SettingsException(string message) : InvalidOperationException(message);
