/* The 8254 timer's channel 2, a clock of known rate: the local APIC timer is measured against
 * it (lapic.c), and it times the waits of the CPU start-up sequence. Channel 0 and IRQ 0 stay
 * unused. */
#include "i386.h"

#define PORT_CHANNEL2 0x42
#define PORT_MODE 0x43
#define PORT_GATE 0x61 /* bit 0: channel 2's gate; bit 1: speaker; bit 5: channel 2's output */
#define GATE_ON 0x01
#define SPEAKER_ON 0x02
#define OUTPUT_HIGH 0x20
#define MODE_CH2_ONESHOT 0xB0 /* channel 2, low then high byte, mode 0 (high at terminal count) */
#define LATCH_CH2 0x80        /* channel 2: hold the current count for reading */
#define MAX_COUNT 0xFFFF
#define POLL_LIMIT 100000000 /* a PIT that never answers must not hang the boot */

/* Loads channel 2 with count and starts it; its output goes high when the count runs out, and
 * the counter goes on down from 0xFFFF. */
static void start_count(uint32 count) {
  uint8 gate = inb(PORT_GATE) & ~(GATE_ON | SPEAKER_ON);
  outb(PORT_GATE, gate); /* stopped while loading */
  outb(PORT_MODE, MODE_CH2_ONESHOT);
  outb(PORT_CHANNEL2, count & 0xFF);
  outb(PORT_CHANNEL2, count >> 8);
  outb(PORT_GATE, gate | GATE_ON);
}

/* Starts channel 2 counting down from its largest count (about 55 ms until pit_expired). */
void pit_start_free(void) {
  start_count(MAX_COUNT);
}

/* Channel 2's counter now (it counts down PIT_HZ times a second). */
uint16 pit_read(void) {
  outb(PORT_MODE, LATCH_CH2);
  uint8 low = inb(PORT_CHANNEL2);
  return low | inb(PORT_CHANNEL2) << 8;
}

/* Has the count loaded last run out? */
bool pit_expired(void) {
  return inb(PORT_GATE) & OUTPUT_HIGH;
}

/* Waits at least us microseconds (up to about 55 ms at a time). */
void pit_delay_us(uint32 us) {
  uint32 count = (uint32)((uint64)us * PIT_HZ / 1000000) + 1;
  start_count(count > MAX_COUNT ? MAX_COUNT : count);
  for (int i = 0; i < POLL_LIMIT && !pit_expired(); i++)
    ;
}
