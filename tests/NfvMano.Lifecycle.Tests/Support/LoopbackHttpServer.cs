using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NfvMano.Lifecycle.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a subscriber, a token endpoint, a package host) whose answers a test
/// scripts, recording every request it gets.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, (int Status, string? ContentType, byte[]? Body)> _answer;
    private readonly Task _loop;

    public LoopbackHttpServer(Func<RecordedRequest, (int Status, string? ContentType, byte[]? Body)> answer)
    {
        _answer = answer;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            // A listener whose start failed keeps its failed registration: each attempt gets a new one.
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // The port was taken between probing and listening; try another.
                listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Uri(string path) => new($"http://127.0.0.1:{Port}{path}");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> Received(string method, string path) =>
        [.. Requests.Where(r => r.Method == method && r.Path == path)];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new RecordedRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["Authorization"],
                context.Request.ContentType,
                await reader.ReadToEndAsync());
            Requests.Enqueue(request);
            var (status, contentType, body) = _answer(request);
            context.Response.StatusCode = status;
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            if (body is not null)
            {
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }
}

/// <summary>One request the loopback server got.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);
