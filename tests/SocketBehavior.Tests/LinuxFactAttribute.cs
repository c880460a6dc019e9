using System;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>A fact about Linux only (native numbers, /proc, pipes); skipped elsewhere, where docs/socket-errors.md gives the documented values.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux behavior (the CI platform); other systems are documented in docs/socket-errors.md.";
        }
    }
}
