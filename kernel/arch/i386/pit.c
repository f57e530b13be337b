/* The 8254 timer's channel 2 as a stopwatch of known rate: it measures the local APIC timer
 * (lapic.c) and times the waits of the CPU start-up sequence. Channel 0 and IRQ 0 stay unused. */
#include "i386.h"

#define PIT_HZ 1193182
#define PORT_CHANNEL2 0x42
#define PORT_MODE 0x43
#define PORT_GATE 0x61 /* bit 0: channel 2's gate; bit 1: speaker; bit 5: channel 2's output */
#define GATE_ON 0x01
#define SPEAKER_ON 0x02
#define OUTPUT_HIGH 0x20
#define MODE_CH2_ONESHOT 0xB0 /* channel 2, low then high byte, mode 0 (high at terminal count) */
#define MAX_COUNT 0xFFFF
#define POLL_LIMIT 100000000 /* a PIT that never answers must not hang the boot */

/* Starts channel 2 counting down us microseconds (at most about 54 ms). */
void pit_start(uint32 us) {
  uint32 count = (uint32)((uint64)us * PIT_HZ / 1000000);
  if (count > MAX_COUNT)
    count = MAX_COUNT;
  uint8 gate = inb(PORT_GATE) & ~(GATE_ON | SPEAKER_ON);
  outb(PORT_GATE, gate); /* stopped while loading */
  outb(PORT_MODE, MODE_CH2_ONESHOT);
  outb(PORT_CHANNEL2, count & 0xFF);
  outb(PORT_CHANNEL2, count >> 8);
  outb(PORT_GATE, gate | GATE_ON);
}

/* Waits until the interval pit_start began has passed; false if the PIT never said so. */
bool pit_wait(void) {
  for (int i = 0; i < POLL_LIMIT; i++)
    if (inb(PORT_GATE) & OUTPUT_HIGH)
      return true;
  return false;
}

/* Microseconds the PIT's count for us really lasts (the count is whole PIT cycles). */
uint32 pit_actual_us(uint32 us) {
  uint32 count = (uint32)((uint64)us * PIT_HZ / 1000000);
  return (uint32)((uint64)(count > MAX_COUNT ? MAX_COUNT : count) * 1000000 / PIT_HZ);
}

void pit_delay_us(uint32 us) {
  pit_start(us);
  pit_wait();
}
