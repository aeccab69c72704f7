#!/bin/bash
# Captures the real frames that the wire tests parse. Run as root; writes NAME.txt here.
# Needs: iproute2 tcpdump iputils-ping iputils-arping socat ethtool dnsmasq-base busybox (udhcpc).
# A(10.99.1.2) --vA/vRa-- R(10.99.1.1 | 10.99.2.1) --vRb/vB(mtu 1280)-- B(10.99.2.2)
set -x
cleanup(){ ip netns del capA 2>/dev/null; ip netns del capR 2>/dev/null; ip netns del capB 2>/dev/null; }
trap cleanup EXIT
cleanup
for n in capA capR capB; do ip netns add $n; ip -n $n link set lo up; done
ip link add vA netns capA type veth peer name vRa netns capR
ip link add vB netns capB type veth peer name vRb netns capR
ip -n capA link set vA address 02:00:00:00:01:02
ip -n capR link set vRa address 02:00:00:00:01:01
ip -n capR link set vRb address 02:00:00:00:02:01
ip -n capB link set vB address 02:00:00:00:02:02
ip -n capA addr add 10.99.1.2/24 dev vA; ip -n capA link set vA up
ip -n capR addr add 10.99.1.1/24 dev vRa; ip -n capR link set vRa up
ip -n capR addr add 10.99.2.1/24 dev vRb; ip -n capR link set vRb up mtu 1280
ip -n capB addr add 10.99.2.2/24 dev vB; ip -n capB link set vB up mtu 1280
ip -n capA route add default via 10.99.1.1
ip -n capB route add default via 10.99.2.1
ip netns exec capR sysctl -qw net.ipv4.ip_forward=1
# veth offloads TX checksums (the capture would show only the pseudo-header sum): compute them in full.
ip netns exec capA ethtool -K vA tx off >/dev/null; ip netns exec capB ethtool -K vB tx off >/dev/null
ip netns exec capR ethtool -K vRa tx off >/dev/null; ip netns exec capR ethtool -K vRb tx off >/dev/null
cap(){ # name count filter... ; command runs after
  name=$1; cnt=$2; shift 2
  ip netns exec capA tcpdump -i vA -xx -n -c $cnt -l "$@" > $name.txt 2>/dev/null &
  TP=$!; sleep 1
}
done_cap(){ sleep 1; kill $TP 2>/dev/null; wait $TP 2>/dev/null; }

cap arp 2 arp; ip netns exec capA ping -c1 -W1 10.99.1.1 >/dev/null; done_cap
cap ping 2 icmp; ip netns exec capA ping -c1 -W1 -s 24 -p 6d6f74656e6574 10.99.1.1 >/dev/null; done_cap
cap udp 1 udp; ip netns exec capA sh -c 'echo hello-motenet | socat - UDP4-SENDTO:10.99.1.1:7777,sourceport=40000'; done_cap
cap portunreach 2 'udp or icmp'; ip netns exec capA sh -c 'echo hello-motenet | socat - UDP4-SENDTO:10.99.1.1:7777,sourceport=40000'; done_cap
cap ttl 2 icmp; ip netns exec capA ping -c1 -W1 -t 1 10.99.2.2 >/dev/null; done_cap
cap fragneeded 2 icmp; ip netns exec capA ping -c1 -W1 -M do -s 1400 10.99.2.2 >/dev/null; done_cap
ip netns exec capA ip route flush cache
cap frag 4 icmp; ip netns exec capA ping -c1 -W1 -M dont -s 1600 10.99.1.1 >/dev/null; done_cap
cap garp 1 arp; ip netns exec capA arping -U -c1 -I vA 10.99.1.2 >/dev/null; done_cap
cap ipopts 2 icmp; ip netns exec capA ping -c1 -W1 -R 10.99.1.1 >/dev/null; done_cap
# 802.1Q: not capturable here (the kernel has no 8021q module); the tagged test frame is the
# captured ping with a tag inserted by hand, see EthernetFrameTest.
# DHCP: dnsmasq in R on vRa, busybox udhcpc in A
ip -n capA addr flush dev vA
ip netns exec capR dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=vRa --bind-interfaces --dhcp-range=10.99.1.50,10.99.1.60,255.255.255.0,120 --dhcp-option=option:router,10.99.1.1 --dhcp-option=option:dns-server,10.99.1.53 --dhcp-option=option:mtu,1400 --dhcp-leasefile=/tmp/cap/leases --dhcp-authoritative --no-ping & DP=$!
sleep 1
cap dhcp 4 'port 67 or port 68'; ip netns exec capA busybox udhcpc -f -q -n -t 3 -i vA -x hostname:mote -s /bin/true >/dev/null 2>&1; done_cap
kill $DP
