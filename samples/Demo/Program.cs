using System;

namespace SocketAnalyzers.Demo;

/// <summary>
/// A small line-based chat over TCP on 127.0.0.1, written the way such programs often are: it works
/// while every peer behaves, and it carries the bugs that show up when one goes away. Each bug line
/// ends with a comment naming the rule that reports it.
/// </summary>
internal static class Program
{
    private const int DefaultPort = 5055;

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : string.Empty;
        int port = args.Length > 1 && int.TryParse(args[1], out int parsed) ? parsed : DefaultPort;
        switch (mode)
        {
            case "server":
                new ChatServer(port).Run();
                return 0;
            case "server-async":
                new ChatServer(port).RunWithEventArgs();
                return 0;
            case "client":
                ChatClient.Run(port, args.Length > 2 ? args[2] : Environment.UserName);
                return 0;
            case "who":
                ChatClient.Who(port);
                return 0;
            case "replay":
                return Replay.Run(Console.Out);
            default:
                Console.Error.WriteLine("usage: SocketAnalyzers.Demo server [port]");
                Console.Error.WriteLine("       SocketAnalyzers.Demo server-async [port]   (the same server on SocketAsyncEventArgs)");
                Console.Error.WriteLine("       SocketAnalyzers.Demo client [port] [name]   (type lines, /who, /kick NAME, /quit)");
                Console.Error.WriteLine("       SocketAnalyzers.Demo who [port]");
                Console.Error.WriteLine("       SocketAnalyzers.Demo replay   (makes each bug happen on 127.0.0.1 and names its rule)");
                return 2;
        }
    }
}
