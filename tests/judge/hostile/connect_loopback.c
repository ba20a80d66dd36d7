/*
 * Attack: network.  Connects over TCP and UDP to ports the test process is
 * listening on at 127.0.0.1 (@PORT@ / @UDPPORT@) and to its abstract Unix
 * socket "@UNIXNAME@", and sends data.
 * Expected: AC with nothing received by the test, or SV (socket blocked).
 * A connection that succeeds makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int h_inet(int type, int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, type, 0), ok;

	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	     send(fd, "LEAK", 4, 0) == 4;
	close(fd);
	return ok;
}

static int h_unix(void)
{
	static const char name[] = "@UNIXNAME@";
	struct sockaddr_un su;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok;

	if (fd < 0)
		return 0;
	memset(&su, 0, sizeof(su));
	su.sun_family = AF_UNIX;
	memcpy(su.sun_path + 1, name, sizeof(name) - 1);
	ok = connect(fd, (struct sockaddr *)&su,
		     (socklen_t)(sizeof(sa_family_t) + sizeof(name))) == 0;
	close(fd);
	return ok;
}

long long add(long long a, long long b)
{
	int tcp = h_inet(SOCK_STREAM, @PORT@);
	int udp = h_inet(SOCK_DGRAM, @UDPPORT@);
	int ux = h_unix();

	printf("tcp %d udp %d unix %d\n", tcp, udp, ux);
	return a + b + (tcp || ux ? 1000 : 0);
}
