using System;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>The harness itself: it must tell a correct close from a wrong one, and report what a program threw.</summary>
public sealed class LoopbackHarnessTests
{
    private const string Programs = """
        using System;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Program
        {
            public static void CorrectClose(Socket connection)
            {
                connection.Send(Encoding.UTF8.GetBytes("response"));
                connection.Shutdown(SocketShutdown.Both);
                connection.Close();
            }

            // The request is still unread: Linux turns this close into RST.
            public static void WrongClose(Socket connection)
            {
                connection.Send(Encoding.UTF8.GetBytes("response"));
                connection.Close();
            }

            public static async Task<int> WriteTwiceAsync(NetworkStream stream)
            {
                await stream.WriteAsync(new byte[] { 1 }, 0, 1);
                await stream.WriteAsync(new byte[] { 1 }, 0, 1);
                return 2;
            }

            public static int ReadForever(Socket connection, CancellationToken cancellation)
            {
                var buffer = new byte[16];
                while (true) { connection.Receive(buffer); }
            }

            public static void ConnectAndGreet(int port)
            {
                using (var client = new TcpClient())
                {
                    client.Connect("127.0.0.1", port);
                    client.GetStream().Write(Encoding.UTF8.GetBytes("hello"), 0, 5);
                }
            }
        }
        """;

    [Fact]
    public async Task Tells_a_correct_close_from_one_that_resets_the_peer()
    {
        using var program = InMemoryProgram.Compile(Programs);

        var correct = await LoopbackHarness.RunAsync(program, "Program.CorrectClose", peer => peer.Send("request"));
        var wrong = await LoopbackHarness.RunAsync(program, "Program.WrongClose", peer => peer.Send("request"));

        Assert.True(correct.Program.Returned, correct.ToString());
        Assert.Equal("response", correct.Peer.ReceivedText);
        Assert.Equal(PeerEnd.EndOfStream, correct.Peer.End);

        Assert.True(wrong.Program.Returned, wrong.ToString());
        Assert.Equal("response", wrong.Peer.ReceivedText);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(PeerEnd.Reset, wrong.Peer.End);
            Assert.Equal(SocketError.ConnectionReset, wrong.Peer.Error);
        }
    }

    [Fact]
    public async Task Reports_the_exception_shape_of_an_async_program()
    {
        using var program = InMemoryProgram.Compile(Programs);

        var run = await LoopbackHarness.RunAsync(program, "Program.WriteTwiceAsync", peer => peer.Abort());

        Assert.Equal(typeof(IOException).FullName, run.Program.ExceptionType);
        Assert.Equal(typeof(SocketException).FullName, run.Program.InnerType);
        Assert.NotNull(run.Program.InnerSocketErrorCode);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(SocketError.ConnectionReset, run.Program.InnerSocketErrorCode);
        }

        Assert.Equal(PeerEnd.NotObserved, run.Peer.End);
    }

    [Fact]
    public async Task Reports_a_program_that_blocks_as_past_its_deadline_and_the_peer_as_still_open()
    {
        using var program = InMemoryProgram.Compile(Programs);

        var run = await LoopbackHarness.RunAsync(
            program,
            "Program.ReadForever",
            programTimeout: TimeSpan.FromMilliseconds(200),
            peerReadTimeout: TimeSpan.FromMilliseconds(100));

        Assert.True(run.Program.TimedOut, run.ToString());
        Assert.Equal(PeerEnd.StillOpen, run.Peer.End);
    }

    [Fact]
    public async Task Gives_a_port_to_a_program_that_connects_itself()
    {
        var run = await LoopbackHarness.RunAsync(Programs, "Program.ConnectAndGreet");

        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal("hello", run.Peer.ReceivedText);
        Assert.Equal(PeerEnd.EndOfStream, run.Peer.End);
    }

    [Fact]
    public void Rejects_a_program_that_does_not_compile_and_shows_why()
    {
        var e = Assert.Throws<InvalidOperationException>(() => InMemoryProgram.Compile("public static class Program { static void M() { int x = \"no\"; } }"));

        Assert.Contains("CS0029", e.Message);
        Assert.Contains("   1: public static class Program", e.Message);
    }

    [Fact]
    public void Rejects_a_program_with_warnings_like_a_project_that_treats_them_as_errors()
    {
        var e = Assert.Throws<InvalidOperationException>(() => InMemoryProgram.Compile("public static class Program { static void M() { int unused; } }"));

        Assert.Contains("CS0168", e.Message);
    }
}
