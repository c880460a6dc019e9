namespace SocketAnalyzers.Tests.Rules.SOCK010;

/// <summary>What the SOCK010 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class AcceptSocketAfterFailedAccept
{
    protected const string Usings = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;

        """;

    /// <summary>A listener class around <paramref name="members"/>, with the usual StartAccept that subscribes OnAcceptCompleted.</summary>
    protected static string Listener(string members) => Usings + """
        class Listener
        {
            private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            void StartAccept(SocketAsyncEventArgs e)
            {
                e.AcceptSocket = null;
                if (!_listener.AcceptAsync(e))
                {
                    OnAcceptCompleted(this, e);
                }
            }

        """ + members + """

        }
        """;
}
