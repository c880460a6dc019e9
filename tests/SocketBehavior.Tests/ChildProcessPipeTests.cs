using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// Scenario 8: writing to the stdin of a child process that has exited. The pipe has no reader, so write()
/// fails with EPIPE. On Linux .NET drives the pipe through its socket layer, so the first failure is an
/// IOException "Broken pipe" whose InnerException is a SocketException (Shutdown, 32) — the same shape as a
/// dead TCP connection; after it the pipe is marked broken and later calls throw IOException "Pipe is broken."
/// with no inner exception, including the writer's Dispose.
/// </summary>
public sealed class ChildProcessPipeTests
{
    [LinuxFact]
    public void First_write_to_exited_child_stdin_throws_IOException_Broken_pipe_wrapping_SocketException_Shutdown()
    {
        using var child = StartExitedChild("/bin/true");

        var first = SocketAssert.Capture(() => child.StandardInput.Write("hello"));

        Assert.IsType<IOException>(first);
        Assert.Equal("Broken pipe", first!.Message);
        var inner = Assert.IsType<SocketException>(first.InnerException);
        Assert.Equal(SocketError.Shutdown, inner.SocketErrorCode);
        Assert.Equal(32, inner.NativeErrorCode);
    }

    [LinuxFact]
    public void Later_writes_and_Dispose_throw_IOException_Pipe_is_broken_without_inner_exception()
    {
        using var child = StartExitedChild("/bin/sh", "-c", "exit");
        Assert.NotNull(SocketAssert.Capture(() => child.StandardInput.Write("hello")));

        var second = SocketAssert.Capture(() => child.StandardInput.Write("again"));
        var viaStream = SocketAssert.Capture(() => child.StandardInput.BaseStream.Write(new byte[] { 1 }));
        var dispose = SocketAssert.Capture(child.StandardInput.Dispose);

        foreach (var e in new[] { second, viaStream, dispose })
        {
            Assert.IsType<IOException>(e);
            Assert.Equal("Pipe is broken.", e!.Message);
            Assert.Null(e.InnerException);
        }
    }

    private static Process StartExitedChild(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var child = Process.Start(start)!;
        Assert.True(child.WaitForExit(5000), $"{program} did not exit");
        return child;
    }
}
