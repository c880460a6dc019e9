using System.IO;
using Xunit;

namespace SocketAnalyzers.Tests.Robustness;

/// <summary>
/// Inputs that once crashed the host. Each runs in the robustness runner's own process: a regression shows as a
/// failed test with the input, not as a test host killed by a stack overflow.
/// </summary>
public sealed class CrashRegressionTests
{
    /// <summary>
    /// The locals' read-result table was built lazily, and building it for <c>result = await pending</c> asked for
    /// the table again: about 10,900 frames each of two methods, then a stack overflow of the compiler.
    /// </summary>
    private const string AwaitOfALocalAssignedARead = """
        using System.Net.Sockets;
        using System.Threading.Tasks;

        class Repro
        {
            async Task Pump(byte[] buffer)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (received == 0)
                    {
                        break;
                    }

                    var pending = Task.FromResult(received);
                    int result;
                    result = await pending;
                }
                socket.Close();
            }
        }
        """;

    [Fact]
    public void An_await_of_a_local_that_holds_a_read_result_does_not_crash_and_reports_only_the_exception_path_leak()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("socketanalyzers-repro-").FullName, "Repro.cs");
        File.WriteAllText(file, AwaitOfALocalAssignedARead);

        var result = RobustnessRunner.Run("analyze", file);

        Assert.True(result.ExitCode == 0, result.Describe());
        // The socket is closed after the loop, but an exception from ReceiveAsync leaves it open (it is the method's own).
        Assert.Equal(
            $"{file}(8): SOCK005 This connection is left open on an exception path out of the method; when the peer closes, it stays in CLOSE_WAIT: close it with using or try/finally",
            result.Output.Split('\n')[0].TrimEnd());
        Assert.Contains("inputs: 1, failures: 0", result.Output);
    }
}
