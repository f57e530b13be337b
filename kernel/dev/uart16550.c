/* The 16550 UART: polled output for the kernel, interrupt-driven output for
 * user writes through a transmit ring (each write's piece kept whole), and
 * received bytes handed to the console. */
#include "arch/arch.h"
#include "dev/console.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "proc/proc.h"

/* Register offsets (one byte each). */
#define REG_DATA 0 /* read: receive buffer; write: transmit holding; DLAB: divisor low */
#define REG_IER 1  /* interrupt enable; DLAB: divisor high */
#define REG_IIR 2  /* read: interrupt identification */
#define REG_FCR 2  /* write: FIFO control */
#define REG_LCR 3  /* line control */
#define REG_MCR 4  /* modem control */
#define REG_LSR 5  /* line status */

#define IER_RX_AVAILABLE 0x01
#define IER_TX_EMPTY 0x02
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define LCR_8N1 0x03
#define LCR_DIVISOR_LATCH 0x80
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20 /* transmit holding register (or FIFO) empty */

#define BAUD_DIVISOR 3 /* 38400 baud from the usual 1.8432 MHz clock */

#define TX_RING_SIZE (2 * CONSOLE_PIECE) /* a piece can queue while one drains */

/* Bytes from uart_putc waiting for the transmitter. The indices only grow;
 * the ring holds queued - sent bytes. Writers sleep on &tx when it is full. */
static struct {
  struct spinlock lock;
  char ring[TX_RING_SIZE];
  uint64 sent;
  uint64 queued;
} tx;

static uint8 uart_read(int reg) {
  return arch_dev_read8(platform.uart_base + reg);
}

static void uart_write(int reg, uint8 value) {
  arch_dev_write8(platform.uart_base + reg, value);
}

void uart_init(void) {
  spin_init(&tx.lock, "uart_tx");
  uart_write(REG_IER, 0);
  uart_write(REG_LCR, LCR_DIVISOR_LATCH);
  uart_write(REG_DATA, BAUD_DIVISOR & 0xff);
  uart_write(REG_IER, BAUD_DIVISOR >> 8);
  uart_write(REG_LCR, LCR_8N1);
  uart_write(REG_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
  uart_write(REG_MCR, MCR_DTR_RTS_OUT2);
  uart_write(REG_IER, IER_RX_AVAILABLE | IER_TX_EMPTY);
  arch_irq_enable(platform.uart_irq, uart_intr);
}

void uart_putc_sync(int c) {
  if (platform.uart_base == 0)
    return; /* no UART known yet: nowhere to print */
  while ((uart_read(REG_LSR) & LSR_TX_EMPTY) == 0)
    ;
  uart_write(REG_DATA, (uint8)c);
}

/* Feeds the transmitter from the ring while it has room. Call with tx.lock held. */
static void tx_refill(void) {
  uint64 before = tx.sent;
  while (tx.sent != tx.queued && (uart_read(REG_LSR) & LSR_TX_EMPTY)) {
    uart_write(REG_DATA, tx.ring[tx.sent % TX_RING_SIZE]);
    tx.sent++;
  }
  if (tx.sent != before)
    wakeup(&tx);
}

/* Queues s[0..n) in pieces of at most CONSOLE_PIECE bytes, each queued whole
 * once the ring has room for all of it: no other writer's bytes, and no
 * kernel message, land inside a piece. May sleep. */
void uart_put_chunk(const char *s, int n) {
  for (int done = 0; done < n;) {
    int piece = MIN(n - done, CONSOLE_PIECE);
    spin_lock(&tx.lock);
    while (panicked || TX_RING_SIZE - (tx.queued - tx.sent) < (uint64)piece) {
      if (panicked) /* another hart panicked: its message stays the last word */
        for (;;)
          ;
      sleep(&tx, &tx.lock);
    }
    for (int i = 0; i < piece; i++)
      tx.ring[tx.queued++ % TX_RING_SIZE] = s[done + i];
    tx_refill();
    spin_unlock(&tx.lock);
    done += piece;
  }
}

/* Kernel messages go to the UART directly (uart_putc_sync), between these
 * two: the ring is emptied first, so user output queued earlier comes out
 * earlier, and holding the ring's lock keeps the interrupt handler on other
 * harts from sending ring bytes into the middle of the message. */
void uart_sync_begin(void) {
  spin_lock(&tx.lock);
  if (tx.sent == tx.queued)
    return;
  while (tx.sent != tx.queued)
    uart_putc_sync(tx.ring[tx.sent++ % TX_RING_SIZE]);
  wakeup(&tx); /* writers waiting for room */
}

void uart_sync_end(void) {
  spin_unlock(&tx.lock);
}

void uart_intr(void) {
  /* Reading IIR clears a pending transmit-empty interrupt; an empty ring
   * would otherwise leave it raised. */
  (void)uart_read(REG_IIR);
  while (uart_read(REG_LSR) & LSR_RX_READY)
    console_input(uart_read(REG_DATA));
  spin_lock(&tx.lock);
  tx_refill();
  spin_unlock(&tx.lock);
}
