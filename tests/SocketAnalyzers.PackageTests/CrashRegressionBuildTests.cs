using System.Text.RegularExpressions;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// Inputs that once crashed the compiler process in a real build with the package (a stack overflow in an analyzer
/// cannot be caught: no AD0001, the build just dies). The analyzer tests run the same inputs in a child process
/// (tests/SocketAnalyzers.Tests/Robustness); this is what a user's <c>dotnet build</c> sees.
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class CrashRegressionBuildTests
{
    // `result = await pending` made the flow analysis ask for the table it was building, without end.
    private const string AwaitOfALocalAssignedARead = """
        using System.Net.Sockets;
        using System.Threading.Tasks;

        namespace Consumer;

        public static class Program
        {
            public static void Main()
            {
            }

            static async Task Pump(byte[] buffer)
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

    private readonly PackedRepository repository;

    public CrashRegressionBuildTests(PackedRepository repository)
    {
        this.repository = repository;
    }

    [Fact]
    public void Await_of_a_local_holding_a_read_result_builds_with_only_the_exception_path_leak()
    {
        var consumer = new ConsumerProject(repository, "crash-await-read-result", AwaitOfALocalAssignedARead);

        DotNetResult build = consumer.Build();

        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotMatch(new Regex(@"Stack overflow|AD0001|CS8032|CS8033|CS8034"), build.Output);
        // The socket is the method's own and an exception from ReceiveAsync leaves it open: SOCK005, and nothing else.
        Assert.Matches(new Regex(@"Program\.cs\(14,\d+\): warning SOCK005:"), build.Output);
        Assert.DoesNotMatch(new Regex(@"warning SOCK00[0-46-9]"), build.Output);
    }
}
